-- enum reordered while a view uses the column
--- a
create type mood as enum ('happy', 'sad');
create table t (id int primary key, m mood);
insert into t values (1, 'happy');
create view v as select id, m from t where m = 'happy';
--- b
create type mood as enum ('sad', 'happy');
create table t (id int primary key, m mood);
create view v as select id, m from t where m = 'happy';
