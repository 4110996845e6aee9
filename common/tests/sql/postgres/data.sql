INSERT INTO note(title, body) VALUES ('first', 'hello'), ('second', 'world');
