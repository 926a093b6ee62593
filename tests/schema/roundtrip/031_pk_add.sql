-- primary key added to an existing table
--- a
create table t (id int not null, v text);
insert into t values (1, 'a');
--- b
create table t (id int not null primary key, v text);
