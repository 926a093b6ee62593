-- a schema with objects
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create schema reporting;
create table reporting.daily (day date primary key, n int);
create view reporting.v as select * from reporting.daily;
