-- column collation changes
--- a
create table t (id int primary key, name text);
--- b
create table t (id int primary key, name text collate "C");
