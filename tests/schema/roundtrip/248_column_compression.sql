-- servers: 15 16 18
-- column compression (the server has pglz only): set, reset, on a new table, on an added column, kept through a type change
--- a
create table t_set (id int primary key, body text);
create table t_reset (id int primary key, body text);
alter table t_reset alter column body set compression pglz;
create table t_retype (id int primary key, note varchar(20));
alter table t_retype alter column note set compression pglz;
create table t_add (id int primary key);
insert into t_set values (1, 'kept');
insert into t_reset values (1, 'kept');
insert into t_retype values (1, 'kept');
--- b
create table t_set (id int primary key, body text);
alter table t_set alter column body set compression pglz;
create table t_reset (id int primary key, body text);
create table t_retype (id int primary key, note text);
alter table t_retype alter column note set compression pglz;
create table t_add (id int primary key, doc text compression pglz);
create table t_new (id int primary key, doc text compression pglz, plain text);
insert into t_set values (1, 'kept');
insert into t_reset values (1, 'kept');
insert into t_retype values (1, 'kept');
