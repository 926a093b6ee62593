-- a domain check stops using a function that is dropped
--- a
create function is_code(c text) returns boolean language sql immutable as $$select length(c) = 3$$;
create domain code3 as text check (is_code(value));
create table codes (id int primary key, code code3);
insert into codes values (1, 'abc');
--- b
create domain code3 as text check (length(value) = 3);
create table codes (id int primary key, code code3);
insert into codes values (1, 'abc');
