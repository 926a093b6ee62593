-- comment on a constraint
--- a
create table t (id int, constraint t_pkey primary key (id));
--- b
create table t (id int, constraint t_pkey primary key (id));
comment on constraint t_pkey on t is 'the key';
