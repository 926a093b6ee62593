-- a function whose result type changes is used by a default, a check and an index that stay the same
--- a
create function base_n() returns int language sql immutable as 'select 1';
create table nums (id int primary key, n bigint default base_n() check (base_n() > 0));
create index nums_shift_idx on nums ((n + base_n()));
insert into nums (id) values (1), (2);
--- b
create function base_n() returns bigint language sql immutable as 'select 1';
create table nums (id int primary key, n bigint default base_n() check (base_n() > 0));
create index nums_shift_idx on nums ((n + base_n()));
insert into nums (id) values (1), (2);
