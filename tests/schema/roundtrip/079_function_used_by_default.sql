-- a default uses a function created with it
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create function new_code() returns text language sql as $$select md5(random()::text)$$;
create table codes (id int primary key, code text default new_code());
