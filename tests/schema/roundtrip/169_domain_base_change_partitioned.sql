-- a domain used by a partitioned table (and so by its partitions) changes base type; an index and a policy read the column
--- a
create domain qty as smallint;
create table ev (id int, at date not null, n qty default 1) partition by range (at);
create table ev_2025 partition of ev for values from ('2025-01-01') to ('2026-01-01');
create index ev_n_idx on ev (n);
alter table ev enable row level security;
create policy positive on ev using (n > 0);
insert into ev values (1, '2025-03-01', 5), (2, '2025-04-01', default);
--- b
create domain qty as integer;
create table ev (id int, at date not null, n qty default 1) partition by range (at);
create table ev_2025 partition of ev for values from ('2025-01-01') to ('2026-01-01');
create index ev_n_idx on ev (n);
alter table ev enable row level security;
create policy positive on ev using (n > 0);
insert into ev values (1, '2025-03-01', 5), (2, '2025-04-01', default);
