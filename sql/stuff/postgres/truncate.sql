-- Every row removed, the tables kept; numbering starts again at 1.
TRUNCATE Thing, Owner, Owned, Utilisateur, Stuff RESTART IDENTITY;
