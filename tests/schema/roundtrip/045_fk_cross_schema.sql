-- foreign key to another schema
--- a
create schema billing;
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create schema billing;
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table billing.invoices (id int primary key, user_id bigint not null references public.users(id));
