-- servers: 15 16 18
-- a rule that calls a function whose result type changes (the function is dropped and created again: the rule
-- goes first and comes back), and a rule that stops using a function that is then dropped
--- a
create table readings (id int primary key, v int);
insert into readings values (1, 5);
create table readings_log (id int, v bigint);
create function scale(x int) returns int language sql immutable as 'select x * 10';
create function legacy(x int) returns int language sql immutable as 'select x';
create rule readings_log_insert as on insert to readings do also insert into readings_log values (new.id, scale(new.v));
create rule readings_legacy as on update to readings do also insert into readings_log values (new.id, legacy(new.v));
--- b
create table readings (id int primary key, v int);
insert into readings values (1, 5);
create table readings_log (id int, v bigint);
create function scale(x int) returns bigint language sql immutable as 'select x::bigint * 10';
create rule readings_log_insert as on insert to readings do also insert into readings_log values (new.id, scale(new.v));
create rule readings_legacy as on update to readings do also insert into readings_log values (new.id, new.v);
