-- app_db_test's queries (App::queries("sql/notes.sql")), the same on both engines.

-- name: all_notes
-- Every note by title.
SELECT nid, title, body FROM note ORDER BY title;

-- A comment between two queries documents the next one (as in aiosql): it is not SQL of
-- all_notes, which would then hold a second "statement".
-- name: note_by_title(title)^
SELECT nid, title, body FROM note WHERE title = :title;

-- name: add_note(title, body)<!
-- A new note; a NULL body is refused by the database.
INSERT INTO note(title, body) VALUES (:title, :body) RETURNING nid, title, body;

-- name: notes_backwards
-- Every note, its columns in another order than the table's and than the alphabet's.
SELECT title, nid, body FROM note ORDER BY nid;
