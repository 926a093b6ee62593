-- a function used by a default changes body
--- a
create function new_code() returns text language sql as $$select 'a'$$;
create table codes (id int primary key, code text default new_code());
--- b
create function new_code() returns text language sql as $$select 'b'$$;
create table codes (id int primary key, code text default new_code());
