-- default changed
--- a
create table t (id int primary key, created timestamptz default now(), n int default 1);
--- b
create table t (id int primary key, created timestamptz default clock_timestamp(), n int default 2);
