-- a policy uses a function created with it
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
alter table users enable row level security;
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
alter table users enable row level security;
create function can_see(uid bigint) returns boolean language sql stable as 'select uid > 0';
create policy p on users using (can_see(id));
