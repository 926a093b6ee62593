-- an aggregate only TARGET has, used by a view that goes too
--- a
create table events (id int primary key, label text);
insert into events values (1, 'x'), (2, 'yy');
create function add_len(int, text) returns int language sql immutable as 'select $1 + length($2)';
create aggregate total_len(text) (sfunc = add_len, stype = int, initcond = '0');
create view label_stats as select total_len(label) as chars from events;
--- b
create table events (id int primary key, label text);
