-- view loses a column (drop and create)
--- a
create table users (id bigint primary key, email text, name text);
create view v as select id, email, name from users;
--- b
create table users (id bigint primary key, email text, name text);
create view v as select id, name from users;
