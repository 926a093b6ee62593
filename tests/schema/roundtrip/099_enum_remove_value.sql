-- enum value removed: rebuild
--- a
create type mood as enum ('happy', 'sad');
create table t (id int primary key, m mood default 'happy', ms mood[]);
insert into t values (1, 'sad', '{happy}');
--- b
create type mood as enum ('sad', 'happy');
create table t (id int primary key, m mood default 'happy', ms mood[]);
