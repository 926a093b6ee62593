-- servers: 15 16 18
-- a column moves from one enum type to another (cast through text), the old enum is dropped
--- a
create type status_v1 as enum ('new', 'done');
create type status_v2 as enum ('new', 'active', 'done');
create table jobs (id int primary key, status status_v1 not null default 'new', history status_v1[]);
insert into jobs values (1, 'done', '{new,done}');
--- b
create type status_v2 as enum ('new', 'active', 'done');
create table jobs (id int primary key, status status_v2 not null default 'new', history status_v2[]);
insert into jobs values (1, 'done', '{new,done}');
