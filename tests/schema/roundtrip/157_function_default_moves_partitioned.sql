-- the default of a partitioned table moves to a new function and the old one is dropped
--- a
create function old_code() returns text language sql as $$select 'old'$$;
create table ev (id int, at date not null, code text default old_code()) partition by range (at);
create table ev_2025 partition of ev for values from ('2025-01-01') to ('2026-01-01');
insert into ev (id, at) values (1, '2025-03-01');
--- b
create function new_code() returns text language sql as $$select 'new'$$;
create table ev (id int, at date not null, code text default new_code()) partition by range (at);
create table ev_2025 partition of ev for values from ('2025-01-01') to ('2026-01-01');
insert into ev (id, at) values (1, '2025-03-01');
