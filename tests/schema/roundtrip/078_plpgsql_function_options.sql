-- plpgsql function with SET and SECURITY DEFINER
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create function user_count() returns bigint language plpgsql stable security definer set search_path = public as $$ begin return (select count(*) from users); end $$;
