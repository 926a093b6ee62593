-- view on view, the base view changes shape
--- a
create table users (id bigint primary key, email text, name text);
create view v1 as select id, email, name from users;
create view v2 as select id, name from v1;
--- b
create table users (id bigint primary key, email text, name text);
create view v1 as select id, name from users;
create view v2 as select id, name from v1;
