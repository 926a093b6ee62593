-- an enum gains a value (ADD VALUE runs outside a transaction) while a view is dropped and
-- created again around a column type change: the view is never missing between two steps
--- a
create type state as enum ('new', 'done');
create table jobs (id int primary key, n int, s state);
insert into jobs values (1, 2, 'new');
create view job_sizes as select id, n from jobs;
--- b
create type state as enum ('new', 'running', 'done');
create table jobs (id int primary key, n bigint, s state);
create view job_sizes as select id, n from jobs;
