-- a parameter is renamed
--- a
create function add_one(x int) returns int language sql immutable as 'select x + 1';
--- b
create function add_one(n int) returns int language sql immutable as 'select n + 1';
