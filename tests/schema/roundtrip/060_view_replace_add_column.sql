-- view gains a column (CREATE OR REPLACE)
--- a
create table users (id bigint primary key, email text, name text);
create view v as select id, email from users;
--- b
create table users (id bigint primary key, email text, name text);
create view v as select id, email, name from users;
