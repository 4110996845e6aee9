-- Every pair removed, the table kept.
TRUNCATE store;
