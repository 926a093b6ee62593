-- a default uses a new sequence
--- a
create table t (id int);
--- b
create sequence t_ids;
create table t (id int default nextval('t_ids'));
