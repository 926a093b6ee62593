-- aggregates only SOURCE has: one on a function of its own, a moving-sum one with a sort operator, an ordered-set one; a view uses one
--- a
create table events (id int primary key, label text);
insert into events values (1, 'x'), (2, 'yy');
--- b
create table events (id int primary key, label text);
create function add_len(int, text) returns int language sql immutable as 'select $1 + length($2)';
create function len_final(int) returns bigint language sql immutable as 'select $1::bigint';
create aggregate total_len(text) (sfunc = add_len, stype = int, finalfunc = len_final, initcond = '0', parallel = safe);
create aggregate biggest(int) (sfunc = int4larger, stype = int, sortop = >);
create aggregate pct(float8 order by float8) (sfunc = ordered_set_transition, stype = internal,
  finalfunc = percentile_disc_final, finalfunc_extra);
comment on aggregate total_len(text) is 'sum of label lengths';
create view label_stats as select total_len(label) as chars, biggest(id) as top from events;
