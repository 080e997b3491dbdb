/**
 * The most common passwords (well-known leaked-password lists, their usual variants with digits,
 * years and "!", and words of this programme), whitespace-separated. A new password equal to one of
 * them, ignoring case, is refused. Most are shorter than the 12-character minimum; they stay listed so
 * the list can be read on its own and the minimum can change without touching it.
 */
export const COMMON_PASSWORDS_TEXT = String.raw`
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael
654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm
asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas
hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn
555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda
summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix minecraft welcome passw0rd admin administrator qwerty123 password1 password12
password123 password1234 password12345 password123456 passwordpassword p@ssw0rd p@ssword pa55word
passw0rd123 iloveyou1 iloveyou123 princess1 abcdef abcdefg abcdefgh abcdefghijkl abcd1234 abc12345
abc123456 qwerty1 qwerty12 qwerty1234 qwerty12345 qwertyuiop1 qwertyuiop123 qwertyuiop1234
qwertyqwerty asdfghjkl asdfghjkl123 asdfghjkl1234 zxcvbnm123 zxcvbnm1234 1q2w3e4r 1q2w3e4r5t
1q2w3e4r5t6y 1qaz2wsx3edc 1qazxsw2 zaq12wsx zaq1zaq1 zaq12wsxcde3 q1w2e3r4t5y6 q1w2e3r4 qazwsxedc
qazwsxedc123 qazwsxedcrfv 123qweasd 123qweasdzxc qweasdzxc qweasd123 1234qwer 1234qwerasdf qwer1234
asdf1234 zxcv1234 123456789012 1234567890123 12345678901 123123123 123123123123 112233445566
111111111111 000000000000 999999999999 121212121212 123412341234 9876543210 0987654321 147258369
159357 741852963 789456123 123654789 1122334455 11223344 12341234 123456123456 abcabc123 aa123456
a123456789 a1b2c3d4 a1b2c3d4e5f6 1a2b3c4d5e6f letmein123 letmein1234 welcome1 welcome123 welcome1234
welcome2024 welcome2025 welcome2026 changeme changeme123 changeme1234 changemenow default123
secret123 secret1234 topsecret topsecret123 mypassword mypassword1 mypassword123 yourpassword
thisismypassword newpassword newpassword1 newpassword123 password! password1! password123!
passwordpassword1 password2024 password2025 password2026 summer2024 summer2025 winter2024 winter2025
spring2025 autumn2025 football123 baseball123 basketball basketball123 soccer123 hockey123
superman123 batman123 spiderman spiderman123 starwars123 pokemon pokemon123 minecraft123 dragon123
monkey123 shadow123 master123 sunshine123 princess123 charlie123 michael123 jordan23 jessica123
ashley123 daniel123 andrew123 trustno1trustno1 iloveyouiloveyou ilovemymom ilovemyfamily loveyou123
lovely123 fuckyou fuckyou123 whatever whatever123 internet internet123 computer123 samsung
samsung123 google123 facebook facebook123 linkedin linkedin123 microsoft microsoft123 apple123
qwerty!@# !qaz2wsx 1qaz!qaz !@#$%^&* !@#$%^&*() 1q2w3e 1q2w3e4r5t6y7u8i qwe123qwe asd123asd
zxc123zxc aaaaaaaaaaaa abc123abc123 adminadmin admin1234 admin12345 admin123456 administrator1
administrator123 rootroot root1234 toor1234 useruser user12345 guest12345 test1234 test12345
testtest testing123 letmeinnow opensesame trustme123 nopassword passpass pass1234 pass12345
pass123456 login123 login1234 access123 access1234 master1234 superuser superuser123 hello123
hello1234 helloworld helloworld123 goodmorning goodluck123 happy123 freedom123 liberty123 justice123
football1 baseball1 monkey12 dragon12 sunshine1 qwerty1! P@ssw0rd123 P@ssword123 Admin123 1234abcd
12345abcde 12345qwert 12345qwerty 123456qwerty 123456abc 123456a 123456aa 1234567a iloveu iloveyou2
iloveyou12 ilovegod jesus123 jesuschrist blessed123 godisgood christ123 password2023 password@123
qwerty123456 qwerty! qwerty123! qwerty2023 qwerty2024 qwerty2025 qwerty2026 qwerty@123 iloveyou1234
iloveyou12345 iloveyou123456 iloveyou! iloveyou123! iloveyou1! iloveyou2023 iloveyou2024
iloveyou2025 iloveyou2026 iloveyou@123 welcome12 welcome12345 welcome123456 welcome! welcome123!
welcome1! welcome2023 welcome@123 letmein1 letmein12 letmein12345 letmein123456 letmein! letmein123!
letmein1! letmein2023 letmein2024 letmein2025 letmein2026 letmein@123 sunshine12 sunshine1234
sunshine12345 sunshine123456 sunshine! sunshine123! sunshine1! sunshine2023 sunshine2024
sunshine2025 sunshine2026 sunshine@123 princess12 princess1234 princess12345 princess123456
princess! princess123! princess1! princess2023 princess2024 princess2025 princess2026 princess@123
football12 football1234 football12345 football123456 football! football123! football1! football2023
football2024 football2025 football2026 football@123 baseball12 baseball1234 baseball12345
baseball123456 baseball! baseball123! baseball1! baseball2023 baseball2024 baseball2025 baseball2026
baseball@123 monkey1 monkey1234 monkey12345 monkey123456 monkey! monkey123! monkey1! monkey2023
monkey2024 monkey2025 monkey2026 monkey@123 dragon1 dragon1234 dragon12345 dragon123456 dragon!
dragon123! dragon1! dragon2023 dragon2024 dragon2025 dragon2026 dragon@123 shadow1 shadow12
shadow1234 shadow12345 shadow123456 shadow! shadow123! shadow1! shadow2023 shadow2024 shadow2025
shadow2026 shadow@123 master1 master12 master12345 master123456 master! master123! master1!
master2023 master2024 master2025 master2026 master@123 superman1 superman12 superman1234
superman12345 superman123456 superman! superman123! superman1! superman2023 superman2024
superman2025 superman2026 superman@123 starwars1 starwars12 starwars1234 starwars12345
starwars123456 starwars! starwars123! starwars1! starwars2023 starwars2024 starwars2025 starwars2026
starwars@123 admin1 admin12 admin! admin123! admin1! admin2023 admin2024 admin2025 admin2026
admin@123 changeme1 changeme12 changeme12345 changeme123456 changeme! changeme123! changeme1!
changeme2023 changeme2024 changeme2025 changeme2026 changeme@123 trustno11 trustno112 trustno1123
trustno11234 trustno112345 trustno1123456 trustno1! trustno1123! trustno11! trustno12023
trustno12024 trustno12025 trustno12026 trustno1@123 whatever1 whatever12 whatever1234 whatever12345
whatever123456 whatever! whatever123! whatever1! whatever2023 whatever2024 whatever2025 whatever2026
whatever@123 computer1 computer12 computer1234 computer12345 computer123456 computer! computer123!
computer1! computer2023 computer2024 computer2025 computer2026 computer@123 freedom1 freedom12
freedom1234 freedom12345 freedom123456 freedom! freedom123! freedom1! freedom2023 freedom2024
freedom2025 freedom2026 freedom@123 summer1 summer12 summer123 summer1234 summer12345 summer123456
summer! summer123! summer1! summer2023 summer2026 summer@123 winter1 winter12 winter123 winter1234
winter12345 winter123456 winter! winter123! winter1! winter2023 winter2026 winter@123 spring1
spring12 spring123 spring1234 spring12345 spring123456 spring! spring123! spring1! spring2023
spring2024 spring2026 spring@123 autumn1 autumn12 autumn123 autumn1234 autumn12345 autumn123456
autumn! autumn123! autumn1! autumn2023 autumn2024 autumn2026 autumn@123 london1 london12 london123
london1234 london12345 london123456 london! london123! london1! london2023 london2024 london2025
london2026 london@123 berlin1 berlin12 berlin123 berlin1234 berlin12345 berlin123456 berlin!
berlin123! berlin1! berlin2023 berlin2024 berlin2025 berlin2026 berlin@123 madrid1 madrid12
madrid123 madrid1234 madrid12345 madrid123456 madrid! madrid123! madrid1! madrid2023 madrid2024
madrid2025 madrid2026 madrid@123 geneva1 geneva12 geneva123 geneva1234 geneva12345 geneva123456
geneva! geneva123! geneva1! geneva2023 geneva2024 geneva2025 geneva2026 geneva@123 newyork1
newyork12 newyork123 newyork1234 newyork12345 newyork123456 newyork! newyork123! newyork1!
newyork2023 newyork2024 newyork2025 newyork2026 newyork@123 smartcity1 smartcity12 smartcity123
smartcity1234 smartcity12345 smartcity123456 smartcity! smartcity123! smartcity1! smartcity2023
smartcity2024 smartcity2025 smartcity2026 smartcity@123 cityhall1 cityhall12 cityhall123
cityhall1234 cityhall12345 cityhall123456 cityhall! cityhall123! cityhall1! cityhall2023
cityhall2024 cityhall2025 cityhall2026 cityhall@123 council1 council12 council123 council1234
council12345 council123456 council! council123! council1! council2023 council2024 council2025
council2026 council@123 u4ssc1 u4ssc12 u4ssc123 u4ssc1234 u4ssc12345 u4ssc123456 u4ssc! u4ssc123!
u4ssc1! u4ssc2023 u4ssc2024 u4ssc2025 u4ssc2026 u4ssc@123
`;
