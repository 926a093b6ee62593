-- servers: 15 16 18
-- range types: created (its multirange type and constructors come with it), used by a column, a comment, one whose
-- definition changes (unused: dropped and created again), one dropped
--- a
create type price_range as range (subtype = numeric);
create type gone_range as range (subtype = int4);
create table offers (id int primary key);
insert into offers values (1);
--- b
create type price_range as range (subtype = float8, subtype_diff = float8mi);
create type time_window as range (subtype = timestamptz);
create table offers (id int primary key, valid_during time_window);
insert into offers values (1);
comment on type time_window is 'when an offer applies';
