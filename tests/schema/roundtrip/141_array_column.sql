-- array column type changes
--- a
create table t (id int primary key, tags text[]);
--- b
create table t (id int primary key, tags varchar(20)[]);
