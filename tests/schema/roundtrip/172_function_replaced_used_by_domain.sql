-- a function whose result type changes is used by a domain default and check that columns use
--- a
create function lim() returns int language sql immutable as 'select 100';
create domain pct as int default lim() check (value <= lim());
create table scores (id int primary key, p pct);
insert into scores values (1, 50), (2, default);
--- b
create function lim() returns bigint language sql immutable as 'select 100';
create domain pct as int default lim() check (value <= lim());
create table scores (id int primary key, p pct);
insert into scores values (1, 50), (2, default);
