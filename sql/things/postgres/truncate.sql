-- Every owner and thing removed, the tables kept; numbering starts again at 1.
TRUNCATE Thing, Owner RESTART IDENTITY;
