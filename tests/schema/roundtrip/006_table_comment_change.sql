-- table comment changed and removed
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
comment on table users is 'old';
create table t (id int);
comment on table t is 'bye';
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
comment on table users is 'new';
create table t (id int);
