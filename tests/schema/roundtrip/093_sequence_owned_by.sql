-- sequence becomes owned by a column
--- a
create table t (id int);
create sequence s;
--- b
create table t (id int);
create sequence s owned by t.id;
