-- an unused domain changes base type
--- a
create domain amount as int check (value >= 0);
--- b
create domain amount as bigint check (value >= 0);
