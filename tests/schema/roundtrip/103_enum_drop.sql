-- enum dropped with its column
--- a
create type mood as enum ('happy', 'sad');
create table t (id int, m mood);
--- b
create table t (id int);
