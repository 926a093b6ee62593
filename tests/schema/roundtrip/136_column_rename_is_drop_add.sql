-- a renamed column is dropped and added (flagged as possible rename)
--- a
create table t (id int primary key, old_name text);
--- b
create table t (id int primary key, new_name text);
