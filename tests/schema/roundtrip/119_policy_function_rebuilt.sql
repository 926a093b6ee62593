-- a function used by a policy changes result type
--- a
create function lvl() returns int language sql as 'select 1';
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
alter table users enable row level security;
create policy p on users using (lvl() > 0);
--- b
create function lvl() returns bigint language sql as 'select 1';
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
alter table users enable row level security;
create policy p on users using (lvl() > 0);
