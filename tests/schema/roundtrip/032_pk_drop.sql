-- primary key dropped
--- a
create table t (id int primary key, v text);
--- b
create table t (id int not null, v text);
