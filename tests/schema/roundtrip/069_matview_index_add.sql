-- an index on a materialized view
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create materialized view mv as select id from users;
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create materialized view mv as select id from users;
create index mv_id on mv (id);
