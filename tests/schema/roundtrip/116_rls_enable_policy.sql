-- RLS enabled and a policy
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
alter table users enable row level security;
create policy own_rows on users for select using (email = current_user);
