-- a function's argument type changes (a new signature) while a view, a policy, a default, a check and an index use it
--- a
create function score(x int) returns int language sql immutable as 'select x * 2';
create table items (id int primary key, n int default score(0) check (score(id) >= 0));
create index items_score_idx on items (score(id));
alter table items enable row level security;
create policy p on items using (score(id) > 0);
create view item_scores as select id, score(id) as s from items;
insert into items (id) values (1), (2);
--- b
create function score(x bigint) returns int language sql immutable as 'select (x * 2)::int';
create table items (id int primary key, n int default score(0) check (score(id) >= 0));
create index items_score_idx on items (score(id));
alter table items enable row level security;
create policy p on items using (score(id) > 0);
create view item_scores as select id, score(id) as s from items;
insert into items (id) values (1), (2);
