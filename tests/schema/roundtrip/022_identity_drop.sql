-- identity dropped
--- a
create table t (id bigint generated always as identity primary key, v text);
insert into t (v) values ('a');
--- b
create table t (id bigint not null primary key, v text);
