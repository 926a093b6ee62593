-- a domain and the function its check uses are both dropped
--- a
create function is_code(c text) returns boolean language sql immutable as $$select length(c) = 3$$;
create domain code3 as text default 'abc' check (is_code(value));
create table codes (id int primary key, code code3);
insert into codes values (1, 'abc');
--- b
create table codes (id int primary key, code text);
insert into codes values (1, 'abc');
