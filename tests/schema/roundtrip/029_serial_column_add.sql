-- a serial column (sequence + OWNED BY)
--- a
create table t (name text);
insert into t values ('a');
--- b
create table t (name text, id serial);
