-- a table whose default and check use a function is dropped with the function
--- a
create function new_code() returns text language sql as $$select md5(random()::text)$$;
create function is_code(c text) returns boolean language sql immutable as $$select length(c) > 0$$;
create table codes (id int primary key, code text default new_code() check (is_code(code)));
create index codes_code_idx on codes (is_code(code));
insert into codes (id) values (1), (2);
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x');
