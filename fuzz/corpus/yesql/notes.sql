-- app_db_test's queries (App::queries("sql/notes.sql")), the same on both engines.

-- name: all_notes
-- Every note by title.
SELECT nid, title, body FROM note ORDER BY title;

-- name: note_by_title(title)^
SELECT nid, title, body FROM note WHERE title = :title;

-- name: add_note(title, body)<!
-- A new note; a NULL body is refused by the database.
INSERT INTO note(title, body) VALUES (:title, :body) RETURNING nid, title, body;
