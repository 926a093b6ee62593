-- primary key columns change
--- a
create table t (a int not null, b int not null, constraint t_pkey primary key (a));
--- b
create table t (a int not null, b int not null, constraint t_pkey primary key (a, b));
