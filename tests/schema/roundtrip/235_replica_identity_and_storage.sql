-- servers: 15 16 18
-- replica identity (full, nothing, using an index, back to default) and column storage, on existing and new tables
--- a
create table t_full (id int primary key, v text);
create table t_index (id int not null, v text);
create unique index t_index_id on t_index (id);
create table t_reset (id int primary key, v text);
alter table t_reset replica identity full;
create table t_storage (id int primary key, body text, blob bytea);
alter table t_storage alter column blob set storage external;
insert into t_full values (1, 'x');
--- b
create table t_full (id int primary key, v text);
alter table t_full replica identity full;
create table t_index (id int not null, v text);
create unique index t_index_id on t_index (id);
alter table t_index replica identity using index t_index_id;
create table t_reset (id int primary key, v text);
create table t_storage (id int primary key, body text, blob bytea, extra text);
alter table t_storage alter column body set storage main;
alter table t_storage alter column extra set storage external;
create table t_new (id int primary key, doc text);
alter table t_new replica identity nothing;
alter table t_new alter column doc set storage external;
insert into t_full values (1, 'x');
