-- view option removed
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create view active_users with (security_barrier = true) as select id, email from users;
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create view active_users as select id, email from users;
