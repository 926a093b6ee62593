-- a materialized view changes
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create materialized view mv as select id from users;
create index mv_id on mv (id);
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create materialized view mv as select id, email from users;
create index mv_id on mv (id);
