-- a policy changes
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
alter table users enable row level security;
create policy p on users for select using (true);
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
alter table users enable row level security;
create policy p on users as restrictive for update to public using (id > 0) with check (id > 0);
